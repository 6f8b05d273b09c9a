"""Train BigGAN 32×32 on CIFAR-10: python train.py --data_path DIR --output_path DIR [--key value ...]."""
from src.config import parse, run
from src.trainer import Trainer


def main(argv=None):
    cfg = parse(argv, "Train the conditional BigGAN (TF1 graph code; --chip npu|gpu|cpu).")
    trainer = Trainer(cfg)
    try:
        trainer.train()
    finally:
        trainer.close()


if __name__ == "__main__":
    run(main)
