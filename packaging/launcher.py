"""Entry point of the bundled console (PyInstaller): the same command line as
``python -m console``."""

import multiprocessing
import sys

from console.__main__ import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # scikit-learn's joblib may start worker processes
    sys.exit(main())
