"""BigGAN's generator as export, ONNX Runtime and C++ inference see it (utils/zoo_common/generator_spec.py).

Inputs (DESIGN §6): z float32 (N,z_dim), N(0,1) truncated to ±truncation (untruncated at 0); y int32
(N,1), uniformly drawn class ids; both from one ``numpy.random.RandomState(seed)``, z first. Output:
``output`` float32 (N,res,res,3) NHWC in [-1, 1].
"""
import numpy as np

from utils.zoo_common.generator_spec import GeneratorSpec, Input, Output, random_classes

from .inference_graph import INPUT_Y, INPUT_Z, OUTPUT
from .latent import sample_z


def generator_spec(cfg):
    """The description for ``cfg``'s z_dim, truncation, num_classes and resolution."""
    return GeneratorSpec(
        model="BigGAN",
        inputs=(Input(INPUT_Z, "float32", (cfg.z_dim,), lambda rng, shape: sample_z(rng, *shape, cfg.truncation)),
                Input(INPUT_Y, "int32", (1,), random_classes(cfg.num_classes))),
        output=Output(OUTPUT, (cfg.resolution, cfg.resolution, 3), "NHWC", (-1.0, 1.0)),
        make_rng=np.random.RandomState)
