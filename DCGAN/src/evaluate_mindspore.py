"""eval.py's work: the checkpoint's G (and D for the transfer protocol) in MindSpore, through evaluate.py."""
import os

from mindspore import Tensor

from utils.zoo_common.metrics.results import write_result

from .checkpoint import load_discriminator, load_generator
from .evaluate import run_evaluation
from .model import DiscriminatorFeatures, build_networks


def features_function(discriminator):
    extractor = DiscriminatorFeatures(discriminator)
    extractor.set_train(False)
    return lambda images: extractor(Tensor(images)).asnumpy()


def evaluate_checkpoint(config):
    out_dir = os.path.join(config.output_path, "eval")
    generator, checkpoint = load_generator(config)
    results = run_evaluation(lambda noise: generator(Tensor(noise)).asnumpy(), config.eval_batch_size, config,
                             out_dir, source=f"mindspore:{checkpoint}")
    if config.svm_data_path:
        from .transfer import svm_transfer
        discriminator, d_checkpoint = load_discriminator(config)
        functions = {"d_features": features_function(discriminator)}
        if config.svm_baselines:
            functions["raw_pixels"] = lambda images: images
            functions["untrained_d"] = features_function(build_networks(config.seed, config.ngf, config.ndf)[1])
        name, result = svm_transfer(functions, config)
        result["discriminator"] = f"mindspore:{d_checkpoint}"
        write_result(out_dir, name, result)
        results[name] = result
    return results
