"""What the MindSpore and PyTorch CGAN workloads share: optimizer settings and the input batch."""
import numpy as np

NOISE_DIM, NUM_CLASSES, IMAGE_SIZE, IMAGE_CHANNELS = 100, 10, 32, 1
LR, BETA1, BETA2 = 2e-4, 0.5, 0.999


def benchmark_inputs(batch_size, seed=0):
    """Real-shaped random batch: images in [0,1], int32 labels, N(0,1) noise."""
    rng = np.random.default_rng(seed)
    images = rng.uniform(0, 1, (batch_size, IMAGE_CHANNELS, IMAGE_SIZE, IMAGE_SIZE)).astype(np.float32)
    labels = rng.integers(0, NUM_CLASSES, batch_size).astype(np.int32)
    noise = rng.standard_normal((batch_size, NOISE_DIM)).astype(np.float32)
    return images, labels, noise
