// Livy's Scala interpreter returns only what a statement wrote to Console.out; System.err and
// Console.err go to the driver's log, so a cell's `System.err.println` was lost. install() points
// both at a stream that writes what the interpreter's thread sends to stderr into the statement's
// Console.out, each write wrapped in markers (${START}…${END}), so the kernel can send it as
// the cell's stderr stream, in order with stdout. Other threads (Spark's own, a user's Future)
// keep the driver's stderr: their output belongs to no statement.
object EmrStderrToCell extends java.io.Serializable {
  @volatile private var installed = false

  private final class Tagged(interpreter: Thread, original: java.io.PrintStream) extends java.io.OutputStream {
    override def write(byte: Int): Unit = write(Array(byte.toByte), 0, 1)

    override def write(bytes: Array[Byte], offset: Int, length: Int): Unit =
      if (Thread.currentThread ne interpreter) original.write(bytes, offset, length)
      else if (length > 0) {
        val out = scala.Console.out
        out.print("${START}")
        out.print(new String(bytes, offset, length, java.nio.charset.StandardCharsets.UTF_8))
        out.print("${END}")
        out.flush()
      }

    override def flush(): Unit = if (Thread.currentThread ne interpreter) original.flush()
  }

  def install(): Unit = if (!installed) {
    val stream = new java.io.PrintStream(new Tagged(Thread.currentThread, System.err), true, "UTF-8")
    System.setErr(stream)
    // Console.err is fixed per thread at its start; its setter is deprecated (gone in Scala 2.13),
    // so it is found by reflection, and where it is missing only System.err is captured.
    try scala.Console.getClass.getMethod("setErr", classOf[java.io.PrintStream]).invoke(scala.Console, stream)
    catch { case _: NoSuchMethodException => () }
    installed = true
  }
}
