"""GAN-test / GAN-train and the class diversity ratio on cases with known answers."""
import numpy as np
import pytest
from scipy.spatial.distance import pdist

from tests.conftest import real_digits
from utils.zoo_common.metrics.gan_test_train import (SoftmaxClassifier, class_diversity_ratio, gan_test,
                                                     gan_train, mean_pairwise_distance)


def blobs(rng, per_class, num_classes=4, dim=6, spread=0.3):
    """Well separated Gaussian classes: class c centred at 5·e_c."""
    centres = 5.0 * np.eye(num_classes, dim)
    labels = np.repeat(np.arange(num_classes), per_class)
    return centres[labels] + spread * rng.standard_normal((len(labels), dim)), labels


@pytest.fixture(scope="module")
def digits():
    """Real MNIST digits: 100 per class to train, 40 others per class to test; pixel vectors in [0, 1]."""
    images, labels = real_digits()
    vectors = images.reshape(len(images), -1) / 255.0
    rows = np.arange(len(labels)) % 500
    train, test = rows < 100, (rows >= 400) & (rows < 440)
    classifier = SoftmaxClassifier(10).fit(vectors[train], labels[train])
    return classifier, vectors[train], labels[train], vectors[test], labels[test]


def test_separable_classes_are_learned_exactly_and_flipped_labels_give_the_known_accuracy():
    rng = np.random.default_rng(0)
    x, y = blobs(rng, 50)
    classifier = SoftmaxClassifier(4).fit(x, y)
    assert classifier.accuracy(x, y)["accuracy"] == 1.0
    x_test, y_test = blobs(rng, 25)
    flipped = y_test.copy()
    flipped[::10] = (flipped[::10] + 1) % 4  # 10 of 100 labels wrong
    report = classifier.accuracy(x_test, flipped)
    assert report["accuracy"] == pytest.approx(0.9)
    expected_per_class = [float(np.mean(y_test[flipped == c] == c)) for c in range(4)]
    assert report["per_class"] == pytest.approx(expected_per_class)


def test_fit_reaches_the_penalised_optimum():
    rng = np.random.default_rng(1)
    x, y = blobs(rng, 30, spread=3.0)  # overlapping classes: a finite optimum
    classifier = SoftmaxClassifier(4, l2=1e-2).fit(x, y)
    logits = x @ classifier.weights + classifier.bias
    prob = np.exp(logits - logits.max(1, keepdims=True))
    prob /= prob.sum(1, keepdims=True)
    residual = (prob - np.eye(4)[y]) / len(y)
    assert np.abs(x.T @ residual + 1e-2 * classifier.weights).max() < 1e-4
    assert np.abs(residual.sum(0)).max() < 1e-4


def test_real_test_digits_as_generator_score_the_classifiers_own_accuracy(digits):
    classifier, _, _, x_test, y_test = digits
    own = classifier.accuracy(x_test, y_test)["accuracy"]
    assert 0.8 < own < 1.0
    assert gan_test(classifier, x_test, y_test)["accuracy"] == own


def test_generator_of_the_wrong_class_gets_low_gan_test(digits):
    classifier, _, _, x_test, y_test = digits
    requested = (y_test + 1) % 10  # every digit drawn for the next class
    assert gan_test(classifier, x_test, requested)["accuracy"] < 0.05


def test_one_image_per_class_gives_gan_train_well_below_the_real_classifier(digits):
    classifier, x_train, y_train, x_test, y_test = digits
    own = classifier.accuracy(x_test, y_test)["accuracy"]
    first = np.array([np.flatnonzero(y_train == c)[0] for c in range(10)])
    collapsed = np.repeat(x_train[first], 100, axis=0)
    requested = np.repeat(np.arange(10), 100)
    collapsed_score = gan_train(collapsed, requested, x_test, y_test, 10)["accuracy"]
    assert collapsed_score < own - 0.15
    varied_score = gan_train(x_train, y_train, x_test, y_test, 10)["accuracy"]
    assert varied_score == classifier.accuracy(x_test, y_test)["accuracy"]
    # and a collapsed generator's diversity ratio is 0, real digits against real digits near 1
    assert class_diversity_ratio(collapsed, requested, x_train, y_train, 10)["mean"] == pytest.approx(0, abs=1e-6)
    assert class_diversity_ratio(x_test, y_test, x_train, y_train, 10)["mean"] == pytest.approx(1, abs=0.1)


def test_mean_pairwise_distance_matches_scipy():
    x = np.random.default_rng(2).uniform(0, 1, (37, 20))
    assert mean_pairwise_distance(x) == pytest.approx(pdist(x).mean(), rel=1e-10)


def test_bad_inputs_are_errors():
    classifier = SoftmaxClassifier(3)
    with pytest.raises(ValueError, match="not fitted"):
        classifier.predict(np.zeros((2, 4)))
    with pytest.raises(ValueError, match="labels must be integers in"):
        classifier.fit(np.zeros((2, 4)), np.array([0, 3]))
    with pytest.raises(ValueError, match="expected features"):
        classifier.fit(np.zeros((2, 4)), np.array([0, 1, 2]))
    with pytest.raises(ValueError, match="at least two samples"):
        mean_pairwise_distance(np.zeros((1, 4)))
