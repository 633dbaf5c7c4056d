import { sparkFailure } from '../../../../kernel/src/aurora/silver/spark';

describe('the cause of a failed %%silver write', () => {
  it("keeps the JDBC driver's own words, the innermost of the chain", () => {
    const evalue =
      'org.apache.spark.SparkException: Job aborted due to stage failure: Task 3 in stage 7.0 failed 1 times, most recent failure: Lost task 3.0 (TID 12): ' +
      'org.postgresql.util.PSQLException: ERROR: null value in column "name" of relation "silver_stage_1" violates not-null constraint\n  Detail: Failing row contains (3999, null).';
    expect(sparkFailure(evalue)).toBe('ERROR: null value in column "name" of relation "silver_stage_1" violates not-null constraint');
  });

  it('says which setting adds a JDBC driver the executors lack', () => {
    const evalue = 'org.apache.spark.SparkException: Job aborted due to stage failure: … java.lang.ClassNotFoundException: org.mariadb.jdbc.Driver';
    expect(sparkFailure(evalue)).toMatch(/^the JDBC driver org\.mariadb\.jdbc\.Driver is not on the executors' classpath\. Point "aurora\.jdbcJars".*\{"mysql": .*%%configure -f/);
  });

  it('falls back to the first line of anything else', () => {
    expect(sparkFailure('java.lang.OutOfMemoryError: Java heap space\n\tat x')).toBe('java.lang.OutOfMemoryError: Java heap space');
  });
});
