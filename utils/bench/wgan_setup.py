"""What the MindSpore and PyTorch WGAN workloads share: the reference's settings and the input batches."""
import numpy as np

NOISE_DIM, IMAGE_SIZE, IMAGE_CHANNELS = 100, 64, 3
LR = 5e-5                        # RMSProp, decay 0.99, momentum 0, mean square starting at 1
RMSPROP_DECAY, RMSPROP_EPSILON = 0.99, 1e-10
CLAMP_LOWER, CLAMP_UPPER = -0.01, 0.01
D_ITERS = 5                      # critic steps per generator iteration (after the first 25, off the 500th)
STEPS = ("generator_iteration", "critic_step")


def benchmark_inputs(batch_size, seed=0):
    """One generator iteration's inputs: D_ITERS real-shaped image batches in [-1, 1] and their noise, and the
    G step's noise, (N, 100, 1, 1) N(0, 1)."""
    rng = np.random.default_rng(seed)
    images = rng.uniform(-1, 1, (D_ITERS, batch_size, IMAGE_CHANNELS, IMAGE_SIZE, IMAGE_SIZE)).astype(np.float32)
    noise = rng.standard_normal((D_ITERS + 1, batch_size, NOISE_DIM, 1, 1)).astype(np.float32)
    return images, noise[:D_ITERS], noise[D_ITERS]
