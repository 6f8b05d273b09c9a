"""What the MindSpore and PyTorch PGAN workloads share: PGAN/default_config.yaml's networks and optimizer
settings, the scale and fade-in alpha, and one iteration's inputs."""
import numpy as np

DEPTH = (512, 512, 512, 512, 256, 128)   # channels at scales 4, 8, ..., 128
LATENT_DIM, IMAGE_CHANNELS = 512, 3
LR, BETA1, BETA2 = 1e-3, 0.0, 0.99
LAMBDA_GP, EPSILON_DRIFT, EMA_DECAY = 10.0, 1e-3, 0.999
MINIBATCH_STDDEV, DOWNSAMPLE = True, "avg"
ALPHA = 0.5   # mid-fade: both the new block and the old path run in G and D, and the real images are blended
SCALES = (32, 128)


def scale_index(scale):
    """4 → 0, 8 → 1, ..., 128 → 5."""
    index = int(np.log2(scale // 4))
    if 4 * 2 ** index != scale or not 0 <= index < len(DEPTH):
        raise ValueError(f"scale must be one of {[4 * 2 ** k for k in range(len(DEPTH))]}, got {scale}")
    return index


def benchmark_inputs(batch_size, scale, latent_dim=LATENT_DIM, seed=0):
    """One iteration's inputs: real images in [-1, 1] (N, 3, s, s), the D step's noise (N, 512), the gradient
    penalty's mixing weights e ~ U[0, 1] (N, 1, 1, 1), the G step's noise (N, 512), alpha (N, 1);
    noise of ``latent_dim`` values."""
    rng = np.random.default_rng([seed, scale])
    reals = rng.uniform(-1, 1, (batch_size, IMAGE_CHANNELS, scale, scale)).astype(np.float32)
    d_noise = rng.standard_normal((batch_size, latent_dim)).astype(np.float32)
    mix = rng.uniform(0, 1, (batch_size, 1, 1, 1)).astype(np.float32)
    g_noise = rng.standard_normal((batch_size, latent_dim)).astype(np.float32)
    alpha = np.full((batch_size, 1), ALPHA, np.float32)
    return reals, d_noise, mix, g_noise, alpha
