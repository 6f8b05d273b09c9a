"""DCGAN's generator as export, ONNX Runtime and C++ inference see it (utils/zoo_common/generator_spec.py).

Input: noise float32 (N,100,1,1), standard normal, 4-D as in the reference. Output: images float32
(N,3,32,32) NCHW in [-1, 1]. The ``.bin`` folder keeps the reference pipeline's name (latent_code).
"""
from utils.zoo_common.generator_spec import GeneratorSpec, Input, Output, normal

from .model import IMAGE_CHANNELS, IMAGE_SIZE, NOISE_DIM


def generator_spec(config=None):
    """The description (the same for every config)."""
    return GeneratorSpec(
        model="DCGAN",
        inputs=(Input("noise", "float32", (NOISE_DIM, 1, 1), normal(), folder="latent_code"),),
        output=Output("images", (IMAGE_CHANNELS, IMAGE_SIZE, IMAGE_SIZE), "NCHW", (-1.0, 1.0)))
