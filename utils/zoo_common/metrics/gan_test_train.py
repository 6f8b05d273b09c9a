"""GAN-test and GAN-train of a class-conditional generator (Shmelkov, Schmid & Alahari, "How good is my
GAN?", ECCV 2018), with a small fixed classifier: multinomial logistic regression on pixel vectors.

- GAN-test: a classifier trained on real training data; its accuracy on generated samples, each judged
  against the class that was requested. Low when samples are not recognisably of their class (quality).
- GAN-train: a classifier of the same kind trained on generated samples (labelled with the requested
  class); its accuracy on real test data. Low when the samples do not cover the class's variety
  (diversity), as with mode collapse. Compare it with the real-data classifier's own test accuracy.
- Class diversity ratio: mean pairwise L2 distance between generated samples of one class over the same
  figure for real samples of that class, averaged over classes (1.0: as varied as the real data).

Inputs are (n, d) float vectors (images flattened, values in [0, 1]) and int class labels 0..k-1.
"""
import numpy as np
from scipy.optimize import minimize

DEFAULT_L2 = 1e-3
DEFAULT_MAX_ITER = 500


class SoftmaxClassifier:
    """Multinomial logistic regression with an L2 penalty on the weights (not the biases), fitted by
    L-BFGS from zero weights: deterministic, so no seed is involved."""

    def __init__(self, num_classes, l2=DEFAULT_L2, max_iter=DEFAULT_MAX_ITER):
        if num_classes < 2:
            raise ValueError(f"num_classes must be at least 2, got {num_classes}")
        self.num_classes, self.l2, self.max_iter = num_classes, l2, max_iter
        self.weights = self.bias = None
        self.iterations = 0

    def fit(self, features, labels):
        x, y = _check_data(features, labels, self.num_classes)
        n, d = x.shape
        k = self.num_classes
        onehot = np.eye(k)[y]

        def loss_and_grad(flat):
            weights, bias = flat[:d * k].reshape(d, k), flat[d * k:]
            logits = x @ weights + bias
            logits -= logits.max(axis=1, keepdims=True)
            log_norm = np.log(np.exp(logits).sum(axis=1, keepdims=True))
            log_prob = logits - log_norm
            loss = -log_prob[np.arange(n), y].mean() + 0.5 * self.l2 * np.sum(weights ** 2)
            delta = (np.exp(log_prob) - onehot) / n
            grad_w = x.T @ delta + self.l2 * weights
            return loss, np.concatenate([grad_w.ravel(), delta.sum(axis=0)])

        result = minimize(loss_and_grad, np.zeros(d * k + k), jac=True, method="L-BFGS-B",
                          options={"maxiter": self.max_iter})
        self.weights, self.bias = result.x[:d * k].reshape(d, k), result.x[d * k:]
        self.iterations = int(result.nit)
        return self

    def predict(self, features):
        if self.weights is None:
            raise ValueError("the classifier is not fitted")
        x = np.asarray(features, np.float64)
        if x.ndim != 2 or x.shape[1] != self.weights.shape[0]:
            raise ValueError(f"features must have shape (n, {self.weights.shape[0]}), got {x.shape}")
        return np.argmax(x @ self.weights + self.bias, axis=1)

    def accuracy(self, features, labels):
        x, y = _check_data(features, labels, self.num_classes)
        return accuracy_report(self.predict(x), y, self.num_classes)


def _check_data(features, labels, num_classes):
    x = np.asarray(features, np.float64)
    y = np.asarray(labels)
    if x.ndim != 2 or y.shape != (x.shape[0],) or x.shape[0] == 0:
        raise ValueError(f"expected features (n, d) and labels (n,), got {x.shape} and {y.shape}")
    if not np.issubdtype(y.dtype, np.integer) or y.min() < 0 or y.max() >= num_classes:
        raise ValueError(f"labels must be integers in [0, {num_classes}), got {y.dtype} in "
                         f"[{y.min()}, {y.max()}]")
    return x, y.astype(np.int64)


def accuracy_report(predicted, labels, num_classes):
    """{'accuracy': overall, 'per_class': accuracy of each class (None where it has no sample)}."""
    correct = np.asarray(predicted) == np.asarray(labels)
    per_class = [float(correct[labels == c].mean()) if np.any(labels == c) else None for c in range(num_classes)]
    return {"accuracy": float(correct.mean()), "per_class": per_class}


def gan_test(classifier, generated, requested):
    """Accuracy of ``classifier`` (trained on real data) on generated samples against their requested class."""
    return classifier.accuracy(generated, requested)


def gan_train(generated, requested, test_features, test_labels, num_classes, l2=DEFAULT_L2,
              max_iter=DEFAULT_MAX_ITER):
    """Accuracy on real test data of a classifier trained on the generated samples."""
    classifier = SoftmaxClassifier(num_classes, l2, max_iter).fit(generated, requested)
    return classifier.accuracy(test_features, test_labels)


def mean_pairwise_distance(samples):
    """Mean Euclidean distance over all pairs of distinct rows of ``samples`` (n ≥ 2)."""
    x = np.asarray(samples, np.float64)
    if x.ndim != 2 or len(x) < 2:
        raise ValueError(f"need at least two samples (n, d), got {x.shape}")
    squared = np.sum(x ** 2, axis=1)
    distances = np.sqrt(np.maximum(squared[:, None] + squared[None, :] - 2 * x @ x.T, 0))
    return float(distances[np.triu_indices(len(x), 1)].mean())


def class_diversity_ratio(generated, requested, real, real_labels, num_classes, per_class=200):
    """Per class, mean pairwise distance of (up to ``per_class``) generated samples over that of real
    samples of the class; returns {'mean': mean over classes, 'per_class': [...]}."""
    generated, real = np.asarray(generated), np.asarray(real)
    requested, real_labels = np.asarray(requested), np.asarray(real_labels)
    ratios = []
    for c in range(num_classes):
        fake_c, real_c = generated[requested == c][:per_class], real[real_labels == c][:per_class]
        ratios.append(mean_pairwise_distance(fake_c) / mean_pairwise_distance(real_c))
    return {"mean": float(np.mean(ratios)), "per_class": [float(r) for r in ratios]}
