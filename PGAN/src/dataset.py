"""PGAN's training images (specs/PGAN.md §3): a folder tree of JPEG/PNG/WebP files (CelebA's
``img_align_celeba``), each cropped to the reference's 128×128 face box (``crop: celeba``) or to its largest
centred square (``crop: center``) and resized (bilinear) to the current scale; NCHW float32 in [-1, 1].

Iteration i of scale index k reads batch i mod B of pass i div B over the folder (B batches per pass), in
an order drawn from (seed, k, pass) alone, so a run resumes mid-scale at the exact batch."""
from utils.zoo_common.image_folder import CELEBA_BOX, ImageFolder

PASSES_PER_SCALE = 1_000_000  # keeps the (seed, pass) orders of different scales apart


def open_images(config):
    if not config.train_data_path:
        raise ValueError("train_data_path is required: a folder of training images (e.g. img_align_celeba)")
    box = CELEBA_BOX if config.crop == "celeba" else None
    return ImageFolder(config.train_data_path, config.scales[0], mode="crop_resize", box=box,
                       num_workers=config.num_parallel_workers)


class ScaleBatches:
    """The real batches of one scale, resumable at any iteration."""

    def __init__(self, images, scale_index, scale, batch_size, seed, rank=0, group_size=1):
        self.images = images.resized(scale)
        self.scale_index, self.batch_size, self.seed = scale_index, batch_size, seed
        self.rank, self.group_size = rank, group_size
        self.per_pass = self.images.steps_per_epoch(batch_size, group_size)
        if self.per_pass == 0:
            raise ValueError(f"{len(images)} images in {images.path!r} make no batch of {batch_size} per worker "
                             f"({group_size} worker(s)) at scale {scale}")
        self._iterator, self._next = None, None

    def batch(self, iteration):
        """The real batch of iteration ``iteration`` (0-based) of this scale."""
        position = divmod(iteration, self.per_pass)
        if position != self._next:
            passes, index = position
            self._iterator = self.images.batches(self.batch_size, self.seed,
                                                 self.scale_index * PASSES_PER_SCALE + passes, self.rank,
                                                 self.group_size, start_batch=index)
        self._next = (position[0], position[1] + 1)
        return next(self._iterator)
