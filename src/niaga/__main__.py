from niaga.cli import main

main()
