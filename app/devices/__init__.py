"""Window hardware behind small interfaces, each with a simulator; no Qt here.

- ``id_card``: the second-generation ID card reader (二代身份证阅读器). Vendor SDKs are 32-bit
  DLLs, so the app talks to a small helper process over JSON lines; the simulator reads a file.
- ``scanner``: the handheld barcode scanner is a keyboard wedge; ``ScanBurstDetector`` tells
  its fast keystroke bursts from a person typing.
- ``evaluation_pad``: the applicant's review (评价器); the simulator answers from a file.
- ``config``: which device or simulator this machine uses (a JSON file in the data directory).
"""
