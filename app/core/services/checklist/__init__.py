"""The inspector's work: visits, the 检查表 form and its seal, signatures, attachments, printed sheets, the archive per check and the evidence a reviewer reads."""
