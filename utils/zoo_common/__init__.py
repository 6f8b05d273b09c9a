"""Model-side code shared by every model of the zoo (config, files, images, run logs).

Import mechanism: the zoo root is on ``sys.path`` (the set-up writes ``zoo.pth`` into the virtual
environment; outside it, export ``PYTHONPATH=<zoo root>``), so models import ``utils.zoo_common.<module>``.
Modules named ``ms_*`` need MindSpore, ``onnx_session`` ONNX Runtime; the others need only NumPy, PyYAML
and Pillow.
"""
