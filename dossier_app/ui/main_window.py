"""Main window (placeholder until the desktop issues land)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QPushButton, QVBoxLayout, QWidget

from dossier_app import APP_NAME


class MainWindow(QMainWindow):
    def __init__(self):
        super().__init__()
        self.setWindowTitle(APP_NAME)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(QLabel("Er is nog geen dossier geopend."))
        self.demo_button = QPushButton("Demodossier openen")
        layout.addWidget(self.demo_button)
        self.setCentralWidget(body)
