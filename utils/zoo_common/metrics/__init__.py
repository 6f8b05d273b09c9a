"""Evaluation metrics shared by the zoo's models, named after their protocols (see ``naming``).

NumPy/SciPy only, except ``inception`` (TensorFlow, imported on first use, for a user-supplied graph).
Images are NCHW arrays of 0–255 values unless a function says otherwise.
"""
