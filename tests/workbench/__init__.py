"""Tests for gongkai.workbench."""
