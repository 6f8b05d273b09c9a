"""Training-step and generator-inference benchmark of the zoo's MindSpore models against PyTorch twins."""
