"""Living beside other mocks (moto): what they need of the identity iamsim keeps."""
