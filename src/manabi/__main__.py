from manabi.cli import main

raise SystemExit(main())
