"""Sample generation and the Parzen-window evaluation shared by eval.py (MindSpore) and infer_onnx.py (ORT).

Protocols (results are named after them):
- ``paper``: σ chosen on the held-out validation split, scored on the test split — MNIST t10k for IDX
  data (``parzen_test10k``), the 500 held-out digits for the embedded data (``parzen_embedded_test500``);
- ``modelzoo``: the reference's numbers, σ on train[10000:20000] and scored on train[50000:60000]
  (``parzen_modelzoo``); both slices are training images, so the score is not a held-out likelihood.

Beside Parzen (protocol modelzoo: when the t10k files are present): GAN-test and GAN-train (Shmelkov et al., ECCV 2018) with a logistic-regression
classifier on 28×28 pixels — ``gan_test<n>`` (the classifier trained on the real training split, accuracy
on the ``num_samples`` generated digits against their requested class) and ``gan_train<n>_<test split>``
(the classifier trained on the generated digits, accuracy on the real test split); both record the
real-data classifier's own test accuracy and the class diversity ratio.
"""
import os
import time

import numpy as np

from utils.zoo_common.atomic_file import ensure_writable_dir
from utils.zoo_common.image_grid import save_image_grid
from utils.zoo_common.metrics.gan_test_train import (SoftmaxClassifier, class_diversity_ratio, gan_test,
                                                     gan_train)
from utils.zoo_common.metrics.naming import count_tag
from utils.zoo_common.metrics.results import write_result

from . import parzen
from .dataset import EMBEDDED, MNIST_SIZE, load_mnist, read_idx_pair, to_mnist_vectors
from .generator_spec import generator_spec
from .model import NUM_CLASSES

MODELZOO_VALIDATION_ROWS, MODELZOO_TEST_ROWS = (10000, 20000), (50000, 60000)
GRID_COLUMNS = 20


def evaluation_inputs(num_samples, seed):
    """Seeded noise (n, 100) float32 and labels arange(n) % 10 int32 (an equal count per class)."""
    return generator_spec().sample(num_samples, seed)


def class_rows(images, labels, per_class=GRID_COLUMNS):
    """The first ``per_class`` images of every class, class by class (one grid row per class)."""
    return np.concatenate([images[labels == c][:per_class] for c in range(NUM_CLASSES)])


def protocol_splits(config):
    """(metric name, validation vectors (n,784), test vectors (m,784)) in [0, 1]."""
    def vectors(images):
        return images.reshape(len(images), MNIST_SIZE * MNIST_SIZE).astype(np.float32) / 255.0

    if config.protocol == "modelzoo":
        if config.data_path == EMBEDDED:
            raise ValueError("protocol modelzoo needs the 60,000 MNIST training images: pass --data_path "
                             "with the IDX files")
        images, _ = read_idx_pair(config.data_path, "train")
        if len(images) < MODELZOO_TEST_ROWS[1]:
            raise ValueError(f"protocol modelzoo needs {MODELZOO_TEST_ROWS[1]} training images, "
                             f"{config.data_path!r} holds {len(images)}")
        return ("parzen_modelzoo", vectors(images[slice(*MODELZOO_VALIDATION_ROWS)]),
                vectors(images[slice(*MODELZOO_TEST_ROWS)]))
    if config.data_path != EMBEDDED and config.validation_size == 0:
        raise ValueError("protocol paper chooses σ on held-out training images: validation_size must be > 0")
    validation, _ = load_mnist(config.data_path, "validation", config.validation_size)
    test, _ = load_mnist(config.data_path, "test", config.validation_size)
    if config.data_path == EMBEDDED:
        name = f"parzen_embedded_test{len(test)}"
    else:
        name = "parzen_test10k" if len(test) == 10000 else f"parzen_test{len(test)}"
    return name, vectors(validation), vectors(test)


def run_evaluation(generate_batch, batch_size, config, out_dir, source):
    """Generate ``num_samples`` digits, score them with the configured protocol and write
    ``<out_dir>/<metric>.json`` and ``<out_dir>/samples.png``. Returns the result dict."""
    ensure_writable_dir(out_dir)
    name, validation, test = protocol_splits(config)
    start = time.perf_counter()
    spec = generator_spec()
    noise, labels = spec.sample(config.num_samples, config.eval_seed)
    images = spec.generate(generate_batch, (noise, labels), batch_size)
    save_image_grid(class_rows(images, labels), os.path.join(out_dir, "samples.png"), ncols=GRID_COLUMNS)
    centres = to_mnist_vectors(images)
    sigma, validation_means = parzen.select_sigma(validation, centres, chunk=config.parzen_chunk)
    mean, stderr = parzen.score(test, centres, sigma, chunk=config.parzen_chunk)
    result = {
        "metric": name, "protocol": config.protocol, "mean": mean, "se": stderr, "sigma": sigma,
        "sigma_grid": [float(s) for s in parzen.SIGMA_GRID],
        "validation_mean_ll": [float(v) for v in validation_means],
        "num_samples": config.num_samples, "validation_size": len(validation), "test_size": len(test),
        "eval_seed": config.eval_seed, "data_path": config.data_path, "generator": source,
        "seconds": round(time.perf_counter() - start, 2),
    }
    write_result(out_dir, name, result)
    print(f"sigma: {sigma:.5f} (chosen on {len(validation)} validation images)")
    print(f"{name}: Parzen log-likelihood {mean:.2f} ± {stderr:.2f} (mean ± se over {len(test)} test images)")
    if config.protocol == "paper" or has_test_split(config.data_path):
        class_metrics(centres, labels, config, out_dir, source)
    else:
        print("GAN-test / GAN-train skipped: they need the MNIST test split (t10k files), which data_path lacks")
    return result


def has_test_split(data_path):
    try:
        read_idx_pair(data_path, "test")
    except ValueError:
        return False
    return True


def class_metrics(generated, requested, config, out_dir, source):
    """GAN-test and GAN-train of generated 28×28 vectors in [0, 1]; writes both JSON files, returns them."""
    start = time.perf_counter()
    train_images, train_labels = load_mnist(config.data_path, "train", config.validation_size)
    test_images, test_labels = load_mnist(config.data_path, "test", config.validation_size)
    train_x = train_images.reshape(len(train_images), -1) / 255.0
    test_x = test_images.reshape(len(test_images), -1) / 255.0
    classifier = SoftmaxClassifier(NUM_CLASSES).fit(train_x, train_labels)
    real = classifier.accuracy(test_x, test_labels)
    diversity = class_diversity_ratio(generated, requested, train_x, train_labels, NUM_CLASSES)
    test_name = ("embedded_" if config.data_path == EMBEDDED else "") + f"test{count_tag(len(test_x))}"
    common = {"classifier": f"softmax regression on 28x28 pixels, L2 {classifier.l2}, L-BFGS from zeros",
              "classifier_train_size": len(train_x), "classifier_real_test_accuracy": real["accuracy"],
              "real_test_size": len(test_x), "num_samples": len(generated),
              "class_diversity_ratio": diversity["mean"], "class_diversity_ratio_per_class": diversity["per_class"],
              "eval_seed": config.eval_seed, "data_path": config.data_path, "generator": source}
    results = {}
    for name, report in ((f"gan_test{count_tag(len(generated))}", gan_test(classifier, generated, requested)),
                         (f"gan_train{count_tag(len(generated))}_{test_name}",
                          gan_train(generated, requested, test_x, test_labels, NUM_CLASSES))):
        results[name] = {"metric": name, **report, **common, "seconds": round(time.perf_counter() - start, 2)}
        write_result(out_dir, name, results[name])
        print(f"{name}: accuracy {report['accuracy']:.4f} (classifier on real test images: {real['accuracy']:.4f})")
    print(f"class diversity ratio: {diversity['mean']:.3f} (mean pairwise L2 within a class, generated / real)")
    return results
