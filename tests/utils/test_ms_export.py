"""ONNX post-fixes of utils/zoo_common/ms_export.py on hand-built graphs, checked with ONNX Runtime."""
import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper

from utils.zoo_common.ms_export import single_pixel_conv_transpose_as_matmul


def conv_transpose_model(input_hw, with_bias=False, **attributes):
    rng = np.random.default_rng(0)
    weight = rng.standard_normal((6, 3, 4, 4)).astype(np.float32)
    inputs = ["x", "w"] + (["b"] if with_bias else [])
    initializers = [numpy_helper.from_array(weight, "w")]
    if with_bias:
        initializers.append(numpy_helper.from_array(rng.standard_normal(3).astype(np.float32), "b"))
    graph = helper.make_graph(
        [helper.make_node("ConvTranspose", inputs, ["y"], kernel_shape=[4, 4], **attributes)], "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [5, 6, *input_hw])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [5, 3, "h", "w"])], initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 11)], ir_version=8)


def run(model, x):
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return session.run(None, {"x": x})[0]


@pytest.mark.parametrize("attributes", [{}, {"auto_pad": "VALID", "output_shape": [4, 4]}, {"strides": [2, 2]}],
                         ids=["default", "valid_with_output_shape", "stride_2"])
def test_single_pixel_conv_transpose_becomes_matmul_with_the_same_output(attributes):
    model = conv_transpose_model([1, 1], **attributes)
    x = np.random.default_rng(1).standard_normal((5, 6, 1, 1)).astype(np.float32)
    expected = run(model, x)
    assert single_pixel_conv_transpose_as_matmul(model) == 1
    onnx.checker.check_model(model)
    assert [node.op_type for node in model.graph.node] == ["Reshape", "MatMul", "Reshape"]
    assert "w" not in {tensor.name for tensor in model.graph.initializer}
    found = run(model, x)
    assert found.shape == expected.shape == (5, 3, 4, 4)
    np.testing.assert_allclose(found, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("input_hw,with_bias,attributes", [
    ([2, 2], False, {}),
    ([1, 1], False, {"pads": [1, 1, 1, 1]}),
    ([1, 1], True, {}),
    ([1, 1], False, {"group": 3}),
], ids=["larger_input", "cropped", "bias", "grouped"])
def test_other_conv_transposes_are_left_alone(input_hw, with_bias, attributes):
    model = conv_transpose_model(input_hw, with_bias, **attributes)
    if attributes.get("group") == 3:  # grouped weight: (C_in, C_out / group, kh, kw)
        model.graph.initializer[0].CopyFrom(numpy_helper.from_array(np.ones((6, 1, 4, 4), np.float32), "w"))
    before = model.SerializeToString()
    assert single_pixel_conv_transpose_as_matmul(model) == 0
    assert model.SerializeToString() == before


def test_a_temporary_folder_that_mindspore_cannot_export_to_is_named(tmp_path, monkeypatch):
    import tempfile
    from utils.zoo_common.ms_export import ascii_scratch

    folder = tmp_path / "tëmp dir"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    with pytest.raises(ValueError, match=r"temporary folder '.*tëmp dir/zoo_export_\w+' is not one: set TMPDIR"):
        with ascii_scratch():
            pass
    assert list(folder.iterdir()) == []
