"""A password-protected .docx as Word saves it: not a zip but an OLE compound file whose
streams are "EncryptionInfo" (version 4.4, agile encryption, its XML descriptor) and
"EncryptedPackage" (the size of the package, then the encrypted package). The payload here is
not a real AES encryption of a package (the Python standard library has no AES, and
LibreOffice 7.4 on the command line saves no password), but the container is what a reader
meets first, and what it must recognise and refuse: pjece import names the file as encrypted
and writes nothing."""

import hashlib
import struct

from _corpus import compound_file, output_path, write

descriptor = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    '<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" '
    'xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password">'
    '<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" '
    'cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="c2FsdHNhbHRzYWx0c2FsdA=="/>'
    '<keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password">'
    '<p:encryptedKey spinCount="100000" saltSize="16" blockSize="16" keyBits="256" hashSize="64" '
    'cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" '
    'saltValue="c2FsdHNhbHRzYWx0c2FsdA=="/></keyEncryptor></keyEncryptors></encryption>'
)
info = struct.pack("<HHI", 4, 4, 0x40) + descriptor.encode("utf-8")
# Deterministic bytes that look random, in the place of the encrypted package.
payload = b"".join(hashlib.sha256(b"hemmelig %d" % i).digest() for i in range(256))
package = struct.pack("<Q", len(payload)) + payload
write(output_path(), compound_file({"EncryptionInfo": info, "EncryptedPackage": package}))
