"""Reading, building and (surgically) writing the commune's workbook."""
