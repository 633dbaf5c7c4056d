import { IKernelInfoReply, PROTOCOL_VERSION } from '../protocol/messages';

export const IMPLEMENTATION = 'emr-livy';

/**
 * The kernel_info_reply. It is static on purpose: clients ask for it right after start and give
 * up after a minute or two, long before a Livy session would be ready, so nothing here may wait
 * for Livy.
 */
export function kernelInfo(implementationVersion: string): IKernelInfoReply {
  return {
    status: 'ok',
    protocol_version: PROTOCOL_VERSION,
    implementation: IMPLEMENTATION,
    implementation_version: implementationVersion,
    language_info: {
      name: 'scala',
      // Spark 3.5 on EMR 7 runs Scala 2.12; the session reports its exact version when it starts.
      version: '2.12',
      mimetype: 'text/x-scala',
      file_extension: '.scala',
      codemirror_mode: 'text/x-scala',
      pygments_lexer: 'scala'
    },
    banner:
      `emr-livy ${implementationVersion}: Scala, Spark SQL, Hive and PySpark on Amazon EMR through Apache Livy.\n` +
      'Cells are Scala by default; %%sql, %%hive, %%pyspark and the other magics are listed by %%help.',
    help_links: [
      { text: 'Apache Livy REST API', url: 'https://livy.apache.org/docs/latest/rest-api.html' },
      { text: 'Spark SQL reference', url: 'https://spark.apache.org/docs/3.5.0/sql-ref.html' },
      { text: 'Scala 2.12 standard library', url: 'https://www.scala-lang.org/api/2.12.18/' },
      { text: 'Apache Livy on Amazon EMR', url: 'https://docs.aws.amazon.com/emr/latest/ReleaseGuide/emr-livy.html' }
    ]
  };
}
