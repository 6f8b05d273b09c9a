"""Train BigGAN 32×32 on CIFAR-10: python train.py --data_path DIR --output_path DIR [--key value ...]."""
from src.config import input_errors, parse
from utils.zoo_common.entry import run_main
from utils.zoo_common.train_loop import train


def main(argv=None):
    cfg = parse(argv, "Train the conditional BigGAN (TF1 graph code; --chip npu|gpu|cpu).")

    def make_trainer():
        from src.trainer import Trainer  # TensorFlow loads once the run folder is ours
        return Trainer(cfg)

    train(cfg, make_trainer).close()


if __name__ == "__main__":
    run_main(main, errors=input_errors)
