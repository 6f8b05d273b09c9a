"""utils/zoo_common/ms_average: the running update equals the zero-started EMA divided by its gathered weight."""
import numpy as np
import pytest


def test_running_update_equals_the_bias_corrected_average_of_the_weights_seen():
    import mindspore as ms
    from mindspore import nn
    from utils.zoo_common.ms_average import AVERAGE_PREFIX, AverageUpdate, average_rate

    def net():
        return nn.SequentialCell([nn.Dense(3, 4), nn.BatchNorm1d(4)])

    source, average = net(), net()
    source.update_parameters_name("generator.")
    average.update_parameters_name(AVERAGE_PREFIX)
    update, decay, rng = AverageUpdate(source, average), 0.9, np.random.default_rng(0)
    params = list(source.get_parameters())
    seen = []
    for step in range(1, 8):
        for param in params:
            param.set_data(ms.Tensor(rng.standard_normal(param.shape).astype(np.float32)))
        seen.append([p.asnumpy().astype(np.float64) for p in params])
        update(average_rate(decay, step))
    weights = np.array([(1 - decay) * decay ** (len(seen) - 1 - i) for i in range(len(seen))])
    for index, (param, avg) in enumerate(zip(params, average.get_parameters())):
        if param.requires_grad:
            expected = sum(w * s[index] for w, s in zip(weights, seen)) / (1 - decay ** len(seen))
        else:  # BatchNorm statistics are copied
            expected = seen[-1][index]
        np.testing.assert_allclose(avg.asnumpy(), expected, rtol=1e-5, atol=1e-6, err_msg=param.name)


def test_networks_that_differ_are_refused():
    from mindspore import nn
    from utils.zoo_common.ms_average import AverageUpdate
    source, average = nn.Dense(3, 4), nn.Dense(3, 5)
    source.update_parameters_name("generator.")
    average.update_parameters_name("average_generator.")
    with pytest.raises(ValueError, match="no counterpart of shape"):
        AverageUpdate(source, average)


def test_the_average_is_saved_beside_g_and_d_and_starts_from_g_where_a_checkpoint_lacks_it(tmp_path):
    import os
    from mindspore import nn
    from utils.zoo_common.ms_average import AVERAGE_PREFIX
    from utils.zoo_common.ms_gan_state import AVERAGE_FILE, GanState
    from utils.zoo_common.ms_train_step import adam

    def networks():
        generator, discriminator, average = nn.Dense(3, 4), nn.Dense(4, 1), nn.Dense(3, 4)
        generator.update_parameters_name("generator.")
        discriminator.update_parameters_name("discriminator.")
        average.update_parameters_name(AVERAGE_PREFIX)
        optimizers = {f"optimizer_{k}": adam(n.trainable_params(), 1e-3, 0.5, 0.999)
                      for k, n in (("G", generator), ("D", discriminator))}
        return (generator, discriminator), optimizers, average

    def values(net):
        return [p.asnumpy() for p in net.get_parameters()]

    state = GanState("Toy")
    saved_networks, saved_optimizers, saved_average = networks()
    state.write(str(tmp_path), 5, 0, saved_networks, saved_optimizers, saved_average)
    loaded_networks, loaded_optimizers, loaded_average = networks()
    assert state.read(str(tmp_path), loaded_networks, loaded_optimizers, loaded_average) == 5
    for a, b in zip(values(saved_average), values(loaded_average)):
        np.testing.assert_array_equal(a, b)

    os.remove(tmp_path / AVERAGE_FILE)  # a checkpoint of a run that kept no average
    state.read(str(tmp_path), loaded_networks, loaded_optimizers, loaded_average)
    for a, b in zip(values(saved_networks[0]), values(loaded_average)):
        np.testing.assert_array_equal(a, b)
