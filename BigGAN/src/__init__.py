"""BigGAN 32×32 (class-conditional CIFAR-10) as TensorFlow 1.x graph code."""
