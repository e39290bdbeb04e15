from talentmatch.cli import main

main()
