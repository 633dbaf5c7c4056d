# Livy's Python shell (fake_shell.py) gives each statement fresh sys.stdout and sys.stderr buffers
# and returns stderr appended after all of stdout, so the cell could not tell them apart or
# interleave them. This statement wraps the shell's clearOutputs, which makes those buffers after
# every statement, so that from the next statement on sys.stderr writes into the stdout buffer,
# each write between markers the kernel splits back into the cell's stderr stream, in order.
# A shell without clearOutputs (another Livy) is left as it is: stderr stays merged.
def _emr_stderr_to_cell():
    import sys
    import __main__

    start, end = '${START}', '${END}'
    if getattr(__main__, '_emr_stderr_to_cell', False) or not callable(getattr(__main__, 'clearOutputs', None)):
        return

    class TaggedStderr(object):
        encoding = 'utf-8'

        def __init__(self, out):
            self._out = out

        def write(self, text):
            if isinstance(text, bytes):
                text = text.decode('utf-8', 'replace')
            if text:
                self._out.write(start + text + end)
            return len(text)

        def writelines(self, lines):
            for line in lines:
                self.write(line)

        def flush(self):
            pass

        def isatty(self):
            return False

        # The shell reads stderr's buffer after each statement and closes it: all of it is in stdout.
        def getvalue(self):
            return ''

        def close(self):
            pass

    clear_outputs = __main__.clearOutputs

    def clear_outputs_tagging_stderr():
        clear_outputs()
        sys.stderr = TaggedStderr(sys.stdout)

    __main__.clearOutputs = clear_outputs_tagging_stderr
    __main__._emr_stderr_to_cell = True


_emr_stderr_to_cell()
del _emr_stderr_to_cell
