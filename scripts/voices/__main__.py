import sys

from voices.cli import main

sys.exit(main())
