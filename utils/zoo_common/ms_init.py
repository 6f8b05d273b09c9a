"""The DCGAN family's initial values (DCGAN, WGAN): convolution weights N(0, std), BatchNorm γ N(1, std) and
β 0, running mean 0 and variance 1, drawn tensor after tensor from one NumPy generator (the references
reseeded per tensor, so same-shaped G and D tensors started equal)."""
import numpy as np
import mindspore as ms


def init_dcgan_weights(rng, *networks, std=0.02):
    for net in networks:
        for param in net.get_parameters():
            name = param.name.rsplit(".", 1)[-1]
            if name == "weight":
                values = rng.normal(0.0, std, param.shape)
            elif name == "gamma":
                values = rng.normal(1.0, std, param.shape)
            elif name in ("beta", "moving_mean"):
                values = np.zeros(param.shape)
            elif name == "moving_variance":
                values = np.ones(param.shape)
            else:
                raise ValueError(f"no initial value for parameter {param.name!r}")
            param.set_data(ms.Tensor(values.astype(np.float32)))
