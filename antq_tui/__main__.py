from antq_tui.cli import main

# Guarded: the worker processes of antq rollup import this module again on Windows.
if __name__ == "__main__":
    main()
