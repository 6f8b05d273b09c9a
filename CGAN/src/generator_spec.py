"""CGAN's generator as export, ONNX Runtime and C++ inference see it (utils/zoo_common/generator_spec.py).

Inputs: noise float32 (N,100), standard normal; labels int32 (N,), the classes cycled 0..9 (an equal
count per class). Output: images float32 (N,1,32,32) NCHW in [0, 1]. The ``.bin`` folders keep the
reference's names (latent_code, label).
"""
from utils.zoo_common.generator_spec import GeneratorSpec, Input, Output, cycled_classes, normal

from .model import IMAGE_CHANNELS, IMAGE_SIZE, NOISE_DIM, NUM_CLASSES


def generator_spec(config=None):
    """The description (the same for every config)."""
    return GeneratorSpec(
        model="CGAN",
        inputs=(Input("noise", "float32", (NOISE_DIM,), normal(), folder="latent_code"),
                Input("labels", "int32", (), cycled_classes(NUM_CLASSES), folder="label")),
        output=Output("images", (IMAGE_CHANNELS, IMAGE_SIZE, IMAGE_SIZE), "NCHW", (0.0, 1.0)))
