import os
import sys

from bench.runner import main

code = main()
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)   # results are written; Qt's teardown at interpreter exit is not part of the bench
