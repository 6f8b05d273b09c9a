"""The generator alone, built for inference and frozen into a self-contained GraphDef.

The training graph cannot be frozen as it is on TF 2.x (the reference's ``tf.Variable``-driven
``tf.cond`` breaks ``convert_variables_to_constants``), so export builds this separate graph: BN reads
its running/standing statistics, SN does no u update, and there is no train switch.

Graph interface: ``z`` float32 [N, z_dim], ``y`` int32 [N, 1] class ids, ``output`` float32
[N, res, res, 3] NHWC in [-1, 1].
"""
import numpy as np

from . import checkpoint, ema, modes
from .architecture import generator_kwargs
from .generator import generator
from .tf_compat import tf

INPUT_Z, INPUT_Y, OUTPUT = "z", "y", "output"


def build(cfg):
    """A new graph holding the inference generator (scope ``generator``)."""
    graph = tf.Graph()
    with graph.as_default():
        z = tf.placeholder(tf.float32, [None, cfg.z_dim], INPUT_Z)
        y = tf.placeholder(tf.int32, [None, 1], INPUT_Y)
        tf.identity(generator(z, tf.reshape(y, [-1]), modes.EVAL, **generator_kwargs(cfg)), name=OUTPUT)
    return graph


def checkpoint_names(graph, use_ema):
    """{checkpoint variable name: graph variable}; the EMA weights live under ``generator_ema``."""
    with graph.as_default():
        variables = tf.global_variables()
    return {(ema.ema_name(v.op.name) if use_ema else v.op.name): v for v in variables}


def restored_session(cfg, ckpt_folder, use_ema=True, config=None):
    """(session, graph) of the inference generator with weights from a training checkpoint."""
    graph = build(cfg)
    sess = tf.Session(graph=graph, config=config)
    with graph.as_default():
        checkpoint.restore(sess, ckpt_folder, checkpoint_names(graph, use_ema))
    return sess, graph


def freeze(sess, graph):
    """GraphDef with the variables folded into constants, keeping only what ``output`` needs."""
    frozen = tf.graph_util.convert_variables_to_constants(sess, graph.as_graph_def(), [OUTPUT])
    return tf.graph_util.extract_sub_graph(frozen, [OUTPUT])


def load_frozen(path):
    """Import a frozen generator ``.pb`` into a new graph; returns (graph, z, y, output tensors)."""
    graph_def = tf.GraphDef()
    with open(path, "rb") as handle:
        try:
            graph_def.ParseFromString(handle.read())
        except Exception as err:  # protobuf's DecodeError type differs between versions
            raise ValueError(f"{path!r} is not a frozen TensorFlow GraphDef ({err})") from None
    graph = tf.Graph()
    with graph.as_default():
        tf.import_graph_def(graph_def, name="")
    try:
        tensors = [graph.get_tensor_by_name(f"{name}:0") for name in (INPUT_Z, INPUT_Y, OUTPUT)]
    except KeyError:
        raise ValueError(f"{path!r} lacks the tensors z:0, y:0 and output:0 of a BigGAN generator export") from None
    return (graph, *tensors)


def tf_generator(cfg, ckpt_folder, use_ema=True, config=None):
    """(generate(z, y) → images, session) running the restored inference generator."""
    sess, graph = restored_session(cfg, ckpt_folder, use_ema, config)
    z_in, y_in = graph.get_tensor_by_name(f"{INPUT_Z}:0"), graph.get_tensor_by_name(f"{INPUT_Y}:0")
    output = graph.get_tensor_by_name(f"{OUTPUT}:0")

    def generate(z, y):
        return sess.run(output, {z_in: z, y_in: np.asarray(y, np.int32).reshape(-1, 1)})
    return generate, sess
