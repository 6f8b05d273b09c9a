"""What the MindSpore and PyTorch DCGAN workloads share: widths, optimizer settings and the input batch."""
import numpy as np

NOISE_DIM, IMAGE_SIZE, IMAGE_CHANNELS = 100, 32, 3
NGF = NDF = 64  # DCGAN/default_config.yaml: the reference widths
LR, BETA1, BETA2 = 2e-4, 0.5, 0.999


def benchmark_inputs(batch_size, seed=0):
    """Real-shaped random batch: images in [-1, 1] (N,3,32,32), N(0,1) noise (N,100,1,1)."""
    rng = np.random.default_rng(seed)
    images = rng.uniform(-1, 1, (batch_size, IMAGE_CHANNELS, IMAGE_SIZE, IMAGE_SIZE)).astype(np.float32)
    noise = rng.standard_normal((batch_size, NOISE_DIM, 1, 1)).astype(np.float32)
    return images, noise
