import { parseConfigureBody } from '../../../../kernel/src/session/configure-body';

describe('parseConfigureBody', () => {
  it("accepts Livy's create-session fields and writes Spark settings as strings", () => {
    expect(parseConfigureBody('{"driverMemory": "2g", "numExecutors": 3, "jars": ["s3://b/x.jar"], "conf": {"spark.a": 1, "spark.b": true}}', 1)).toEqual({
      driverMemory: '2g',
      numExecutors: 3,
      jars: ['s3://b/x.jar'],
      conf: { 'spark.a': '1', 'spark.b': 'true' }
    });
  });

  it('points malformed JSON at its line in the cell and says nothing changed', () => {
    expect(() => parseConfigureBody('{\n  "driverMemory": "2g"\n  "conf": {}\n}', 1)).toThrow(
      /^The %%configure body is not valid JSON at cell line 4, column 3: .*Nothing was changed: the session and its settings are as before\.$/
    );
  });

  it.each([
    ['', /needs a JSON object/],
    ['[1]', /must be a JSON object/],
    ['{"executorMemroy": "2g"}', /unknown field "executorMemroy"; Livy's session fields are kind, name/],
    ['{"numExecutors": 1.5}', /"numExecutors": 1.5, but it must be a whole number/],
    ['{"kind": "scala"}', /must be one of spark, pyspark, sparkr, sql, shared/],
    ['{"jars": "a.jar"}', /must be a list of strings/],
    ['{"conf": {"spark.x": {"nested": 1}}}', /spark\.x is not/]
  ])('refuses %j', (body, message) => {
    expect(() => parseConfigureBody(body, 1)).toThrow(message);
  });
});
