"""The D-feature classifier (DCGAN/src/linear_svm.py): the L2-SVM's optimum, separable data, the scaler."""
import numpy as np

from DCGAN.src.linear_svm import LinearSVM, StandardScaler, svm_accuracy


def test_symmetric_pair_reaches_the_closed_form_optimum():
    # x = ±1 with labels ±1: b = 0 and w minimises ½w² + 2C(1 − w)², so w = 4C / (1 + 4C).
    svm = LinearSVM(c=0.25).fit(np.array([[1.0], [-1.0]]), np.array([1, 0]))
    assert svm.converged
    np.testing.assert_allclose(svm.weights.ravel(), [0.5], atol=1e-6)
    np.testing.assert_allclose(svm.bias, [0.0], atol=1e-6)
    assert svm.predict(np.array([[0.3], [-2.0]])).tolist() == [1, 0]


def blobs(seed, per_class, shift=0.0):
    rng = np.random.default_rng(seed)
    centres = np.array([[6.0, 0.0, 0.0], [0.0, 6.0, 0.0], [0.0, 0.0, 6.0]])
    features = np.concatenate([centre + rng.standard_normal((per_class, 3)) for centre in centres]) + shift
    return features.astype(np.float32), np.repeat(np.arange(3), per_class)


def test_separable_classes_are_all_recognised():
    train, test = blobs(0, 40), blobs(1, 20)
    accuracy, svm, _ = svm_accuracy(*train, *test, c=1.0)
    assert accuracy == 1.0 and svm.converged
    assert svm.weights.shape == (3, 3)


def test_the_scaler_is_fitted_on_the_training_split_only():
    train = blobs(0, 40)
    test = blobs(1, 20, shift=-100.0)  # a shifted test set: a scaler re-fitted on it would hide the shift
    accuracy, _, scaler = svm_accuracy(*train, *test, c=1.0)
    np.testing.assert_allclose(scaler.mean, train[0].mean(axis=0), rtol=1e-6)
    assert accuracy < 0.5
    refitted = StandardScaler().fit(test[0])
    assert not np.allclose(refitted.mean, scaler.mean)
