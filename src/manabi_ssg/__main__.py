from manabi_ssg.cli import main

raise SystemExit(main())
