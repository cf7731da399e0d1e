"""Build of the one compiled module, ``ribao.extract._walks`` (Cython over lxml's C API); every
other setting is in pyproject.toml."""
import lxml
from Cython.Build import cythonize
from setuptools import Extension, setup

setup(ext_modules=cythonize(
    [Extension("ribao.extract._walks", ["src/ribao/extract/_walks.pyx"], include_dirs=lxml.get_include())],
    compiler_directives={"language_level": "3"},
))
