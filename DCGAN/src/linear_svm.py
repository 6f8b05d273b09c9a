"""The paper's classifier on discriminator features (specs/DCGAN.md §5.2): a regularised linear L2-SVM,
one-vs-rest, on standardised features, the scaler fitted on the training split only.

Each class k solves LIBLINEAR's primal L2-loss problem min ½‖w_k‖² + ½b_k² + C Σ_i max(0, 1 − y_ik(w_k·x_i + b_k))²
(y_ik = ±1, the bias regularised like a weight), all classes at once with SciPy's L-BFGS. Prediction: the
class of the largest decision value.
"""
import numpy as np
import scipy.optimize


class StandardScaler:
    """Per-feature mean and standard deviation of the data it is fitted on (a constant feature keeps scale 1)."""

    def fit(self, features):
        features = np.asarray(features, np.float64)
        self.mean = features.mean(axis=0)
        scale = features.std(axis=0)
        self.scale = np.where(scale > 0, scale, 1.0)
        return self

    def transform(self, features):
        return ((np.asarray(features, np.float64) - self.mean) / self.scale).astype(np.float32)


class LinearSVM:
    def __init__(self, c=0.01, max_iter=1000, tol=1e-6):
        if not c > 0:
            raise ValueError(f"the SVM's C must be positive, got {c}")
        self.c, self.max_iter, self.tol = float(c), int(max_iter), float(tol)

    def _objective(self, flat, features, signs):
        outputs = signs.shape[1]
        weights, bias = flat[:-outputs].reshape(features.shape[1], outputs), flat[-outputs:]
        slack = np.maximum(0.0, 1.0 - signs * (features @ weights.astype(np.float32) + bias))
        loss = 0.5 * (flat @ flat) + self.c * float((slack * slack).sum())
        pull = (-2.0 * self.c) * (signs * slack)
        grad_w = weights + (features.T @ pull.astype(np.float32))
        grad_b = bias + pull.sum(axis=0)
        return loss, np.concatenate([grad_w.ravel(), grad_b])

    def fit(self, features, labels):
        features = np.ascontiguousarray(features, np.float32)
        labels = np.asarray(labels)
        self.classes = np.unique(labels)
        if len(self.classes) < 2:
            raise ValueError(f"the SVM needs at least two classes in its training labels, got {self.classes.tolist()}")
        signs = np.where(labels[:, None] == self.classes[None, :], 1.0, -1.0)
        if len(self.classes) == 2:
            signs = signs[:, 1:]  # one decision value: positive means the second class
        start = np.zeros(features.shape[1] * signs.shape[1] + signs.shape[1])
        result = scipy.optimize.minimize(self._objective, start, args=(features, signs), jac=True,
                                         method="L-BFGS-B", options={"maxiter": self.max_iter, "gtol": self.tol})
        outputs = signs.shape[1]
        self.weights = result.x[:-outputs].reshape(features.shape[1], outputs)
        self.bias, self.iterations = result.x[-outputs:], int(result.nit)
        # The squared hinge has no second derivative at the margin: L-BFGS's line search can stop on
        # round-off with the gradient already ~1e-4 of the objective, which is an optimum for our purpose.
        self.gradient_max = float(np.abs(result.jac).max())
        self.converged = bool(result.success) or self.gradient_max <= 1e-3 * max(1.0, float(result.fun))
        return self

    def decision_function(self, features):
        return np.asarray(features, np.float64) @ self.weights + self.bias

    def predict(self, features):
        scores = self.decision_function(features)
        if len(self.classes) == 2:
            return self.classes[(scores[:, 0] > 0).astype(int)]
        return self.classes[scores.argmax(axis=1)]


def svm_accuracy(train_features, train_labels, test_features, test_labels, c=0.01):
    """Test accuracy of the linear SVM trained on standardised training features; the scaler is fitted on
    the training features and applied unchanged to the test features. Returns (accuracy, svm, scaler)."""
    scaler = StandardScaler().fit(train_features)
    svm = LinearSVM(c).fit(scaler.transform(train_features), train_labels)
    predicted = svm.predict(scaler.transform(test_features))
    return float(np.mean(predicted == np.asarray(test_labels))), svm, scaler
