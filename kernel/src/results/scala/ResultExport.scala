// Whole-result export (kernel/src/results/paging/result-export.ts): defined once per Livy session,
// renamed EmrResultExport_<hash of this code> by the kernel, with ${EXPORT_MARKER} filled in.
object EmrResultExport extends java.io.Serializable {
  // Spark writes the rows where the user said, refusing a path that already holds something
  // (errorifexists: an export never overwrites), then reads back what it wrote and counts it, so
  // the number reported is the rows on disk, not the rows meant to be there.
  def write(sql: String, path: String, format: String): Unit = {
    val spark = org.apache.spark.sql.SparkSession.builder.getOrCreate()
    val header = if (format == "csv") Map("header" -> "true") else Map.empty[String, String]
    spark.sql(sql).write.mode("errorifexists").format(format).options(header).save(path)
    val written = spark.read.format(format).options(header).load(path).count()
    println("${EXPORT_MARKER}" + written)
  }
}
