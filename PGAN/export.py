"""Export a PGAN averaged-generator checkpoint at its scale to MINDIR / ONNX (AIR on Ascend) in
<output_path>/export/<file_name>.<ext>: inputs noise float32 (num_images, latent_dim) and, above 4×4, alpha
float32 (num_images, 1); output image float32 (num_images, 3, s, s), unclipped. The ONNX file is checked with
onnx.checker and compared with MindSpore through ONNX Runtime. The reference's command works as written:
python export.py --checkpoint_g AvG_96000.ckpt --device_id 0 --device_target GPU"""
from src.config import get_config
from utils.zoo_common.entry import run_main


def main(argv=None):
    config = get_config(argv, description=__doc__)
    from utils.zoo_common.ms_runtime import init_context
    init_context(config.device_target, config.device_id)
    from src.exporter import export
    written, scale = export(config)
    for file_format, (path, parity) in written.items():
        check = f" (ONNX Runtime vs MindSpore max abs diff {parity:.2e})" if parity is not None else ""
        print(f"exported {file_format} of the {scale}×{scale} averaged generator: {path}{check}")


if __name__ == "__main__":
    run_main(main)
