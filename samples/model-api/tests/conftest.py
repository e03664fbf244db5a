import os
import sys

# The app's modules live in the sample's root folder, one level up.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
