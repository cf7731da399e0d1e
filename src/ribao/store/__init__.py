"""The store: captures, articles, bulletins and chosen stories, behind one small class."""
from ribao.store.repo import Store, StoredArticle

__all__ = ["Store", "StoredArticle"]
