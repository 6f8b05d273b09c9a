"""The PyTorch CGAN twin computes what the zoo's MindSpore networks compute, from the same weights."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

from CGAN.src.model import Discriminator, Generator  # noqa: E402
from utils.bench.torch_cgan import CGANTwin, load_reference_arrays  # noqa: E402


def test_twin_with_copied_weights_matches_mindspore_generator_and_discriminator():
    import mindspore as ms
    ms.set_seed(0)
    generator, discriminator = Generator(embed_init_std=1.0), Discriminator(embed_init_std=1.0)
    twin = CGANTwin()
    load_reference_arrays(twin.generator, {p.name: p.asnumpy() for p in generator.get_parameters()})
    load_reference_arrays(twin.discriminator, {p.name: p.asnumpy() for p in discriminator.get_parameters()})
    rng = np.random.default_rng(0)
    noise = rng.standard_normal((3, 100)).astype(np.float32)
    labels = np.array([0, 4, 9], np.int32)
    images = generator(ms.Tensor(noise), ms.Tensor(labels)).asnumpy()
    twin_images = twin.generate(torch.from_numpy(noise), torch.from_numpy(labels).long())
    assert np.abs(images - twin_images).max() < 1e-5
    logits = discriminator(ms.Tensor(images), ms.Tensor(labels)).asnumpy()
    with torch.no_grad():
        twin_logits = twin.discriminator(torch.from_numpy(images), torch.from_numpy(labels).long()).numpy()
    assert np.abs(logits - twin_logits).max() < 1e-4


def test_missing_or_misshapen_parameters_are_errors():
    twin = CGANTwin()
    arrays = {name.replace(".weight", ".gamma") if ".1." in name else name: p.detach().numpy()
              for name, p in twin.generator.named_parameters()}
    with pytest.raises(ValueError, match="no counterpart"):
        load_reference_arrays(twin.generator, {"embed.embedding_table": np.zeros((10, 7))})
    arrays.pop("embed.weight")
    with pytest.raises(ValueError, match="not given"):
        load_reference_arrays(twin.generator, arrays)
