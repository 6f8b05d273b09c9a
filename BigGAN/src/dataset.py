"""BigGAN's training data: CIFAR-10 (read by utils/zoo_common/cifar10.py) in [-1, 1], in resumable batches."""
import numpy as np

from utils.zoo_common.cifar10 import NUM_CLASSES, SPLITS, detect_format, load_cifar10  # noqa: F401  (BigGAN's readers)


def resize_images(images, size):
    """Bilinear resize of uint8 NHWC images to size×size (a no-op at 32)."""
    if images.shape[1] == size and images.shape[2] == size:
        return images
    from PIL import Image
    return np.stack([np.asarray(Image.fromarray(image).resize((size, size), Image.BILINEAR))
                     for image in images])


def to_model_range(images):
    """uint8 → float32 in [-1, 1]."""
    return images.astype(np.float32) / 127.5 - 1.0


class BatchSampler:
    """Batches drawn from shuffled epochs; its whole state (RNG and position) can be saved and restored."""

    def __init__(self, images, labels, batch_size, seed):
        if batch_size > len(images):
            raise ValueError(f"batch_size {batch_size} exceeds the {len(images)} training images")
        self.images, self.labels, self.batch_size = images, labels, batch_size
        self.rng = np.random.RandomState(seed)
        self.epoch, self.position = 0, 0
        self.order = self.rng.permutation(len(images))

    def next_batch(self):
        if self.position + self.batch_size > len(self.order):
            self.order = self.rng.permutation(len(self.images))
            self.epoch, self.position = self.epoch + 1, 0
        index = self.order[self.position:self.position + self.batch_size]
        self.position += self.batch_size
        return to_model_range(self.images[index]), self.labels[index]

    def get_state(self):
        return {"epoch": self.epoch, "position": self.position, "order": self.order,
                "rng": self.rng.get_state()}

    def set_state(self, state):
        if len(state["order"]) != len(self.images):
            raise ValueError(f"checkpoint's data order covers {len(state['order'])} images, "
                             f"the dataset has {len(self.images)}")
        self.epoch, self.position, self.order = state["epoch"], state["position"], state["order"]
        self.rng.set_state(state["rng"])
