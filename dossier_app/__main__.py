from dossier_app.cli import main

raise SystemExit(main())
