"""Write the generator inputs for C++ / Ascend 310 inference: <infer_dir>/z/*.bin (float32) and y/*.bin (int32)."""
from src.config import input_errors, parse
from utils.zoo_common.entry import run_main


def main(argv=None):
    cfg = parse(argv, "Write z float32 [B,z_dim] and y int32 [B,1] .bin batches (eval.py's inputs).")
    from src.offline_inference import write_inputs
    names = write_inputs(cfg)
    print(f"wrote {len(names)} batches of {cfg.infer_batch} to {cfg.infer_dir}/z and {cfg.infer_dir}/y")


if __name__ == "__main__":
    run_main(main, errors=input_errors)
