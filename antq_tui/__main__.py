from antq_tui.cli import main

main()
