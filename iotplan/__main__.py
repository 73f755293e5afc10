from iotplan.cli.main import main

main()
