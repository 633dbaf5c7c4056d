"""JupyterLab 4 for data engineers on AWS EMR: the prebuilt jupyterlab-emr extension and the
emr-livy kernel (Node.js, started by ``python -m jupyterlab_emr.kernel``)."""

from ._version import __version__


def _jupyter_labextension_paths():
    # The wheel installs the prebuilt extension as shared data; this tells `jupyter labextension
    # develop` and tools that ask the module where it lives.
    return [{"src": "labextension", "dest": "jupyterlab-emr"}]


__all__ = ["__version__"]
